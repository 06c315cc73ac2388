# The gdb session run-gdb-boards.sh runs on every board, once on the image solder
# linked and once on GNU ld's image of the same objects, after `set architecture`,
# `file IMAGE` and `target remote :PORT`. Each line is passed to gdb as its own -ex, so
# a command that fails does not stop the rest. The harness rewrites the file first:
#   @ NAME          starts the output of check NAME (an `echo` of a marker line);
#                   session.expect says what the output must hold
#   @MARKER@        the line number of the comment L:MARKER in prog.c, util.c or align.c
#   user: / system: the line only on boards of that BOARD_MODE
# Lines starting with # are skipped.
set pagination off
set confirm off
set width 0
set height 0
set print pretty off
# qemu-user's gdbstub (QEMU 7.2) refuses hardware watchpoints; gdb single-steps instead.
user: set can-use-hw-watchpoints 0

@ break-func
break compute
@ break-line
break prog.c:@main-print@
# A system-mode machine waits at its reset vector, a user-mode one at _start.
@ continue-func
continue
@ pc
info registers pc
info symbol $pc
p $pc
info address compute
@ bt
bt
@ next
next
next
@ info-locals
info locals
@ print-locals
print sum
print n
@ print-globals
print counter
print origin
print origin.name
print origin.y
print table
print table[2]
print/x table[7]
print sizeof(table)
@ watch
watch counter
@ watch-hit
continue
@ watch-delete
delete 3
@ step
step
@ bt-step
bt 3
@ finish
finish
@ info-line
# Lines inside their functions: where the last line of one ends depends on what the
# linker placed next.
info line util.c:@compute-count@
info line bump
@ list
list util.c:@compute-first@,@compute-ret@
@ x
x/4wx table
x/2wx &origin
@ align-break
break aligned_sum
break align.c:@align-after@
continue
@ align-step
next
next
next
next
step
@ align-after
continue
print total
@ align-info-line
info line align.c:@align-loop@
info line align.c:@align-after@
@ continue-line
continue
bt 1
@ exit
continue
