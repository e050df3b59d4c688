/* FOL003: a mapcount (what folio_mapcount() returns) compared with PAGE_MAPCOUNT_RESERVE, a bound of the raw word. */
#include <linux/mm.h>

static int sample_reserve_compare(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	if (mapcount < PAGE_MAPCOUNT_RESERVE) /* expect: FOL003 */
		return 0;
	return mapcount;
}
