/** The start of the `width`-second bucket that holds `seconds`, for negative times too. */
export function floorTo(seconds: number, width: number): number {
  return seconds - (((seconds % width) + width) % width);
}
