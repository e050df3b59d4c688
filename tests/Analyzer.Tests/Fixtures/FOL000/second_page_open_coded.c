/* FOL000 positive: clearing a second-page flag by hand is the same lost update as the non-atomic accessor. */
#include <linux/page-flags.h>

void fixture_forget_poison(struct folio *folio)
{
	struct page *page = &folio->page;

	page[1].flags &= ~(1UL << PG_has_hwpoisoned); /* expect: FOL000 */
}
