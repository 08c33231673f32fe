# MGD-GAN on COCO bottle <-> cup (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('bottle', 'cup')
data_root = 'data/coco_bottle2cup'

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_detection_metrics}}
paper_results = dict(
    source='MGD-GAN Table 1, MGD-GAN row',
    metrics={
        '_delete_': True,  # not the base config's row
        'det/cup2bottle/MMR': 17.4,
        'det/bottle2cup/MMR': 20.0,
        'det/cup2bottle/MODS': 17.0,
        'det/bottle2cup/MODS': 18.0,
        'det/cup2bottle/MVIS': 15.3,
        'det/bottle2cup/MVIS': 19.0,
    })
