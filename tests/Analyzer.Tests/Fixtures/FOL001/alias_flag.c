/* FOL001 positive: PG_readahead is an alias of PG_reclaim; the finding names both. */
#include <linux/page-flags.h>

void fixture_mark_readahead(struct folio *folio)
{
	__folio_set_readahead(folio); /* expect: FOL001 */
}
