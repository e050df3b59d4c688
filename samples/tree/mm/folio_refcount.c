/*
 * FOL002 sample (negative): the same references taken on the folio, that is on its head page. Expect nothing.
 */
#include <linux/mm_types.h>

void sample_get_all_pages(struct folio *folio)
{
	folio_ref_add(folio, folio_nr_pages(folio));
}
