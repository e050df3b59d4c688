/* FOL004: a separate counter copied from an unchecked count steps the page pointer down to 0 and past it. */
#include <linux/mm_types.h>

static void sample_separate_counter(struct folio *folio, struct page *page, unsigned int nr_pages)
{
	unsigned int left = nr_pages;
	struct page *p = page;

	do { /* expect: FOL004 */
		folio_ref_sub(folio, 1);
		ClearPageAnonExclusive(p++);
	} while (--left);
}
