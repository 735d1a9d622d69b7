import { cellToChildren, cellToParent, latLngToCell } from "h3-js";
import { cellKey, cellRange } from "./h3-range";

describe("H3 range math", () => {
  it("a cell's range holds exactly its descendants at any resolution", () => {
    const leaf = latLngToCell(52.52, 13.405, 12);
    for (let r = 0; r <= 12; r++) {
      const { low, high } = cellRange(cellToParent(leaf, r));
      const k = cellKey(leaf);
      expect(k >= low && k <= high).toBe(true);
    }
    const parent = cellToParent(leaf, 7);
    const sibling = cellToChildren(cellToParent(parent, 6), 7).find((c) => c !== parent)!;
    const inSibling = cellToChildren(sibling, 12)[0];
    const { low, high } = cellRange(parent);
    const k = cellKey(inSibling);
    expect(k >= low && k <= high).toBe(false);
    // A device at a coarser resolution than the leaf is still inside its own ancestors.
    const coarse = cellToParent(leaf, 9);
    const rk = cellKey(coarse);
    expect(rk >= low && rk <= high).toBe(true);
  });
});
