/* FOL004: the same loop without the rounding: a size that is not whole pages steps past 0. */
#include <linux/mm_types.h>

static void sample_reserve_unaligned(unsigned long addr, unsigned int size)
{
	while (size > 0) { /* expect: FOL004 */
		SetPageReserved(virt_to_page((void *)addr));
		addr += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
}
