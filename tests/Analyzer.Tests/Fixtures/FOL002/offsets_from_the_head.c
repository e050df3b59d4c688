/* FOL002: pages reached by pointer arithmetic from a page of a compound page. */
#include <linux/mm_types.h>

static void sample_offsets(struct folio *folio, struct page *page, unsigned long n)
{
	page_ref_add(nth_page(page, n), 2); /* expect: FOL002 */
	set_page_refcounted(page + n); /* expect: FOL002 */
	init_page_count(&page[n]); /* expect: FOL002 */
	page_ref_inc(&folio->page + 1); /* expect: FOL002 */
}
