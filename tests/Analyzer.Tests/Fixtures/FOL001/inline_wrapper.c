/* FOL001 positive at the call of an inline wrapper, never inside the wrapper itself. */
#include <linux/page-flags.h>

static inline void fixture_clear_lru_flags(struct folio *folio)
{
	__folio_clear_lru(folio);
	__folio_clear_active(folio);
}

void fixture_putback(struct folio *folio, struct list_head *list)
{
	fixture_clear_lru_flags(folio); /* expect: FOL001 */
	list_add(&folio->lru, list);
}
