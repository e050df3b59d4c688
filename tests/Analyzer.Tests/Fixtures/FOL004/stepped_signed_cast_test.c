/* FOL004 negative: `(long)size > 0` tests the count as signed, so a step past 0 makes it negative and stops the loop. */
#include <linux/mm_types.h>

static void sample_unreserve(unsigned long addr, unsigned long size)
{
	while ((long)size > 0) {
		ClearPageReserved(virt_to_page((void *)addr));
		addr += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
}
