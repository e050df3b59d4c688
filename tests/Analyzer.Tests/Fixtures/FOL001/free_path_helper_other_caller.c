/* FOL001 positive: the helper is also called from a path that is not freeing anything. */
#include <linux/page-flags.h>

static void fixture_drop_reserved(struct page *page)
{
	__ClearPageReserved(page); /* expect: FOL001 */
}

bool free_pages_prepare(struct page *page, unsigned int order)
{
	fixture_drop_reserved(page);
	return true;
}

void fixture_online_page(struct page *page)
{
	fixture_drop_reserved(page);
	SetPageDirty(page);
}
