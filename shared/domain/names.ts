/**
 * Fold a Vietnamese name for sorting and search: lower case, no diacritics, đ -> d, single spaces,
 * so `q=nguyen van` finds "Nguyễn Văn An".
 */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
