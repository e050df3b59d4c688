/* FOL003 negative: the clamp runs only where the page-type test said the value is a type. */
#include <linux/mm.h>

static int sample_mapcount(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	if (page_mapcount_is_type(mapcount)) {
		if (mapcount < 0)
			mapcount = 0;
	}
	return mapcount;
}

static int sample_raw_range(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	return mapcount <= PAGE_MAPCOUNT_RESERVE + 1 ? max(mapcount, 0) : mapcount;
}
