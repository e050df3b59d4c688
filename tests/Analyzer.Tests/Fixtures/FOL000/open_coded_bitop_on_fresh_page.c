/* FOL000 negative: the page was just allocated here and is not yet visible to other CPUs. */
#include <linux/page-flags.h>

struct page *fixture_new_private(gfp_t gfp, unsigned long data)
{
	struct page *page = alloc_page(gfp);

	if (!page)
		return NULL;
	page->private = data;
	__set_bit(PG_private, &page->flags);
	return page;
}
