/*
 * FOL001 and FOL000 positive: the same functions, registered nowhere: a function handed a folio from a list is
 * not an allocator, and the folio may be anyone's.
 */
#include <linux/page-flags.h>

struct sample_control {
	struct list_head freepages;
};

struct folio *sample_take_dst(struct sample_control *cc)
{
	struct page *page;
	int i;

	if (list_empty(&cc->freepages))
		return NULL;
	page = list_first_entry(&cc->freepages, struct page, lru);
	list_del(&page->lru);
	for (i = 0; i < 4; i++)
		page[i].flags &= ~(1UL << PG_reserved); /* expect: FOL000 */
	return page_folio(page);
}

void sample_give_back_dst(struct folio *dst, struct sample_control *cc)
{
	__folio_clear_active(dst); /* expect: FOL001 */
	list_add(&dst->lru, &cc->freepages);
}
