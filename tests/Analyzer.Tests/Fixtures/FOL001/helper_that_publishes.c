/* FOL001 positive: the helper of another file adds the fresh page to an LRU list: other CPUs reach it from there. */
#include <linux/page-flags.h>

void sample_new_queued_page(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	if (!page)
		return;
	sample_fill_and_queue(page);
	__SetPageReserved(page); /* expect: FOL001 */
}
