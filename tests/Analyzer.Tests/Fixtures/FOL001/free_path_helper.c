/* FOL001 negative: a helper reachable only from the freeing path (free_pages_prepare() is a free root). */
#include <linux/page-flags.h>

static void fixture_drop_reserved(struct page *page)
{
	__ClearPageReserved(page);
	__ClearPageAnonExclusive(page);
}

bool free_pages_prepare(struct page *page, unsigned int order)
{
	fixture_drop_reserved(page);
	__folio_clear_active(page_folio(page));
	return true;
}
