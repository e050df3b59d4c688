/*
 * FOL003: the page-type test handled typed pages first, so the clamp that follows only ever sees underflows,
 * and hides them.
 */
#include <linux/mm.h>

static int sample_mapcount(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	if (page_mapcount_is_type(mapcount))
		return 0;
	if (mapcount <= -1) /* expect: FOL003 */
		mapcount = 0;
	return mapcount;
}
