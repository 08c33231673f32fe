"""Shape and background statistics of a mask-translating model.

For the test images of ``--source-domain``, prints the median bounding-box
aspect ratio (height / width) of the source masks, of the translated masks
and of the real target-domain masks, and the mean absolute change of the
background outside both the source and the translated masks.

Example::

    python tools/analysis/instance_stats.py configs/instagan/shapes.py \
        work_dirs/instagan/shapes/iter_1500.pth --source-domain sheep
"""
import json

from mmi2i.apis import load_task, task_parser
from mmi2i.apis.instance_stats import instance_stats


def main(argv=None):
    p = task_parser(__doc__.splitlines()[0])
    args = p.parse_args(argv)
    model, target = load_task(args)
    res = instance_stats(model, args.source_domain, target)
    print(json.dumps(res, indent=2))
    return res


if __name__ == '__main__':
    main()
