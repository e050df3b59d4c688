/*
 * Kernel-shaped concurrent writers for folint's rule fixtures (written for folint, not Linux source).
 * Like memory_failure(), it marks a page poisoned and its folio's second page as holding a poisoned page,
 * atomically and without any lock, before anything else is done to the folio.
 */
#include <linux/page-flags.h>

int memory_failure(unsigned long pfn, int flags)
{
	struct page *p = pfn_to_page(pfn);
	struct folio *folio;

	if (TestSetPageHWPoison(p))
		return -EHWPOISON;
	folio = page_folio(p);
	if (folio_test_large(folio))
		folio_set_has_hwpoisoned(folio);
	return 0;
}
