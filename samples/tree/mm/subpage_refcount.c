/*
 * FOL002 sample (positive): a reference taken on every subpage of a folio. Expect one FOL002 at the
 * page_ref_inc(): folio_page(folio, i) is a tail page for every i but 0, and tail refcounts must stay 0.
 */
#include <linux/mm_types.h>

void sample_get_all_pages(struct folio *folio)
{
	long i;

	for (i = 0; i < folio_nr_pages(folio); i++)
		page_ref_inc(folio_page(folio, i));
}
