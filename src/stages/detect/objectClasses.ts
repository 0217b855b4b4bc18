// The object detector's classes (COCO's 80, in the order CenterNet numbers
// them) and how a typed query finds one: "people" is a person, "cars" a car,
// "TV" a tv. Pure.

export const OBJECT_CLASSES = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light', 'fire hydrant',
  'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra',
  'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee', 'skis', 'snowboard', 'sports ball', 'kite',
  'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle', 'wine glass', 'cup', 'fork',
  'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut',
  'cake', 'chair', 'couch', 'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote',
  'keyboard', 'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors',
  'teddy bear', 'hair drier', 'toothbrush',
] as const;

export type ObjectClass = (typeof OBJECT_CLASSES)[number];

/** Words people type for a class that are not its name or a plain plural. */
const ALIASES: Record<string, ObjectClass> = {
  people: 'person', persons: 'person', man: 'person', men: 'person', woman: 'person', women: 'person', child: 'person',
  children: 'person', human: 'person', humans: 'person', face: 'person', faces: 'person',
  bike: 'bicycle', bikes: 'bicycle', motorbike: 'motorcycle', motorbikes: 'motorcycle', plane: 'airplane', planes: 'airplane',
  aeroplane: 'airplane', aeroplanes: 'airplane', lorry: 'truck', lorries: 'truck', ship: 'boat', ships: 'boat',
  television: 'tv', televisions: 'tv', sofa: 'couch', sofas: 'couch', table: 'dining table', tables: 'dining table',
  phone: 'cell phone', phones: 'cell phone', mobile: 'cell phone', ball: 'sports ball', balls: 'sports ball',
  plant: 'potted plant', plants: 'potted plant', fridge: 'refrigerator', fridges: 'refrigerator', puppy: 'dog',
  puppies: 'dog', kitten: 'cat', kittens: 'cat', doughnut: 'donut', doughnuts: 'donut', 'hair dryer': 'hair drier',
  knives: 'knife', sheep: 'sheep', mice: 'mouse', buses: 'bus', couches: 'couch', benches: 'bench', glasses: 'wine glass',
};

/** The class index a query names, or -1. Case, spaces and a plural "s"/"es" do not matter. */
export function classIndex(query: string): number {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return -1;
  const exact = OBJECT_CLASSES.indexOf(q as ObjectClass);
  if (exact >= 0) return exact;
  const alias = ALIASES[q];
  if (alias) return OBJECT_CLASSES.indexOf(alias);
  for (const stem of [q.replace(/es$/, ''), q.replace(/s$/, '')]) {
    const k = OBJECT_CLASSES.indexOf(stem as ObjectClass);
    if (k >= 0) return k;
  }
  return -1;
}
