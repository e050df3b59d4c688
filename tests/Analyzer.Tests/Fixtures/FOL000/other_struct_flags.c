/* FOL000 negative: a flags word that is not a page's (struct page_ext, a per-cpu struct). */
struct page_ext;
void note_owner(struct page_ext *page_ext, struct per_cpu_pages *pcp)
{
	__set_bit(PAGE_EXT_OWNER, &page_ext->flags);
	pcp->flags |= 1;
}
