/* FOL002: the review's proposal, written as code: keep a count in page 1's refcount slot. */
#include <linux/mm_types.h>

static void sample_store_total_mapcount(struct folio *folio, int total)
{
	struct page *second = folio_page(folio, 1);

	set_page_count(second, total); /* expect: FOL002 */
}
