/**
 * Small body ids (0, 1, 2, …) in order of appearance for the ids a tracker gives its bodies
 * (Kinect tracking ids exceed 2^53, so those are kept as strings). Only the latest `remember`
 * are kept: a body the tracker forgot long ago and that comes back gets a new id.
 */
export function bodyIds(remember = 256): (key: string) => number {
  const ids = new Map<string, number>();
  let next = 0;
  return (key) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = next++;
      ids.set(key, id);
      if (ids.size > remember) ids.delete(ids.keys().next().value!);
    }
    return id;
  };
}
