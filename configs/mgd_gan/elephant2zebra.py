# MGD-GAN on COCO elephant <-> zebra (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('elephant', 'zebra')
data_root = 'data/coco_elephant2zebra'

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_detection_metrics}}
paper_results = dict(
    source='MGD-GAN Table 1, MGD-GAN row',
    metrics={
        '_delete_': True,  # not the base config's row
        'det/zebra2elephant/MMR': 76.0,
        'det/elephant2zebra/MMR': 83.7,
        'det/zebra2elephant/MODS': 81.2,
        'det/elephant2zebra/MODS': 85.9,
        'det/zebra2elephant/MVIS': 71.4,
        'det/elephant2zebra/MVIS': 72.0,
    })
