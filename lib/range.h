/* An inclusive physical range, as Linux's struct range (linux/range.h);
 * printed with %pra. */
#ifndef LIB_RANGE_H
#define LIB_RANGE_H

#include <stdint.h>

struct range {
	uint64_t start;
	uint64_t end; /* inclusive */
};

#endif
