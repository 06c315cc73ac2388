#include "set.h"

SET_ENTRY(gamma, 300);
SET_ENTRY(delta, 4000);
