/*
 * FOL001 negative: the destination allocator and its free function registered with migrate_pages() (compaction's
 * compaction_alloc()/compaction_free() shape). The allocator hands out isolated free pages nobody else has seen; the
 * free function takes back a destination migration did not use.
 */
#include <linux/page-flags.h>

struct sample_control {
	struct list_head freepages;
	struct list_head migratepages;
};

static struct folio *sample_alloc_dst(struct folio *src, unsigned long data)
{
	struct sample_control *cc = (struct sample_control *)data;
	struct page *page;
	int i;

	if (list_empty(&cc->freepages))
		return NULL;
	page = list_first_entry(&cc->freepages, struct page, lru);
	list_del(&page->lru);
	for (i = 0; i < 4; i++)
		page[i].flags &= ~(1UL << PG_reserved);
	return page_folio(page);
}

static void sample_free_dst(struct folio *dst, unsigned long data)
{
	struct sample_control *cc = (struct sample_control *)data;

	__folio_clear_active(dst);
	list_add(&dst->lru, &cc->freepages);
}

int sample_compact(struct sample_control *cc)
{
	return migrate_pages(&cc->migratepages, sample_alloc_dst, sample_free_dst, (unsigned long)cc, 0, 0, NULL);
}
