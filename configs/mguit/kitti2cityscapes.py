# MGUIT for domain-adaptive detection, KITTI -> Cityscapes (paper §4.3,
# Table 3): the four common classes, 3 memory items each and 8 for the
# background. Convert both datasets into one root (configs/mguit/README.md)
# and translate KITTI's training images to Cityscapes for the detector.
_base_ = './sunny2night.py'
data_root = 'data/kitti2cityscapes'
domains = ('kitti', 'cityscapes')
classes = ('person', 'car', 'truck', 'bicycle')
model = dict(memory=dict(items_per_class=(8, 3, 3, 3, 3)), test_num_styles=1)
val_dataloader = dict(dataset=dict(split='val'))
test_dataloader = dict(dataset=dict(split='val', num_test_inputs=None))
# its paper result is a detector's (Table 3): tools/detection/
# domain_adaptive_eval.py with configs/detectors/mguit_table3/ measures it
# (docs/reproduce.md); tools/test.py gives the background preservation
test_evaluator = [dict(type='PreservationMetric')]
paper_results = None
