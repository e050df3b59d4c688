/* FOL002: the refcount written with atomics instead of page_ref_*(). */
#include <linux/mm_types.h>

static void sample_atomics(struct folio *folio, struct page *page)
{
	atomic_inc(&folio_page(folio, 1)->_refcount); /* expect: FOL002 */
	atomic_set(&page[2]._refcount, 1); /* expect: FOL002 */
	atomic_add(4, &(page + 3)->_refcount); /* expect: FOL002 */
}
