/* FOL002: what is known about a page travels with assignments, also when a page is assigned from itself. */
#include <linux/mm_types.h>

static void sample_self_step(struct page *page, int n)
{
	struct page *p = page;

	p = p + n;
	page_ref_inc(p); /* expect: FOL002 */
}

static void sample_non_compound_self_step(struct page *page, int n)
{
	struct page *p = page;

	VM_BUG_ON_PAGE(PageCompound(p), p);
	p = p + n;
	page_ref_inc(p);
}

static void sample_copy_after_clear(struct folio *folio, int i)
{
	struct page *tail = folio_page(folio, i);
	struct page *q;

	clear_compound_head(tail);
	q = tail;
	page_ref_unfreeze(q, 1);
}
