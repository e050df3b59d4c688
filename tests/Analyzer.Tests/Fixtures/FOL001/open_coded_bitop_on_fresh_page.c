/* FOL001 negative (FOL000 still names the open-coded bit operation): the page was just allocated here. */
#include <linux/page-flags.h>

struct page *fixture_new_private(gfp_t gfp, unsigned long data)
{
	struct page *page = alloc_page(gfp);

	if (!page)
		return NULL;
	page->private = data;
	__set_bit(PG_private, &page->flags); /* expect: FOL000 */
	return page;
}
