/* FOL002: one reference per subpage makes every tail refcount non-zero. */
#include <linux/mm_types.h>

static void sample_get_every_page(struct folio *folio)
{
	long i;

	for (i = 0; i < folio_nr_pages(folio); i++)
		page_ref_inc(folio_page(folio, i)); /* expect: FOL002 */
}
