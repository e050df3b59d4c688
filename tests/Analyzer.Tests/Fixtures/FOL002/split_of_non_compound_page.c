/* FOL002 negative: split_page(): the pages after a page asserted non-compound are not tails. */
#include <linux/mm_types.h>

void sample_split_page(struct page *page, unsigned int order)
{
	int i;

	VM_BUG_ON_PAGE(PageCompound(page), page);
	VM_BUG_ON_PAGE(!page_count(page), page);

	for (i = 1; i < (1 << order); i++)
		set_page_refcounted(page + i);
}
