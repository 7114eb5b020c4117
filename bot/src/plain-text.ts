/** Teams sends chat text as HTML at times: strip tags, mentions and entities to plain text. */
export function plainText(html: string): string {
  return html
    .slice(0, 4000)
    .replace(/<at>[^<]{0,200}<\/at>/gi, ' ')
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
