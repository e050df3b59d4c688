/* FOL004 negative: the size is rounded to whole pages before it is stepped down a page at a time. */
#include <linux/mm_types.h>

static void sample_reserve_buffer(unsigned long addr, unsigned int buf_size)
{
	unsigned int size = PAGE_ALIGN(buf_size);

	while (size > 0) {
		SetPageReserved(virt_to_page((void *)addr));
		addr += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
}
