/* FOL001 negative: the last reference is gone, so the folio is being freed and nobody else can see it. */
#include <linux/page-flags.h>

void fixture_release(struct folio *folio)
{
	if (!folio_put_testzero(folio))
		return;
	if (folio_test_lru(folio))
		__folio_clear_lru(folio);
	fixture_free(folio);
}
