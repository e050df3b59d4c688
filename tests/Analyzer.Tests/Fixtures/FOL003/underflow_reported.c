/* FOL003 negative: testing for a negative mapcount to report it is what the zap paths do. */
#include <linux/mm.h>

static void sample_zap_check(struct folio *folio, struct page *page)
{
	if (unlikely(folio_mapcount(folio) < 0))
		print_bad_pte(page);
	WARN_ON_ONCE(folio_entire_mapcount(folio) < 0);
}

static int sample_refcount_clamp(struct folio *folio)
{
	int refs = folio_ref_count(folio) - 1;

	if (refs < 0)
		refs = 0;
	return refs;
}
