# The gdb session run-gdb.sh runs against QEMU's gdbstub, after `file IMAGE` and
# `target remote :PORT`; every line is passed as its own -ex, so one failing command
# does not stop the rest. Lines starting with # are skipped.
break middle
continue
step
info line *$pc
bt
info symbol $pc
ptype inner
print depth
finish
print/x $pc
next
continue
