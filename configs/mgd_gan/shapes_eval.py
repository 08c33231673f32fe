# The toy run through the toy evaluation (docs/evaluation.md): background
# preservation and MMR/MODS/MVIS of the translated masks with the toy
# Mask R-CNN (train it first: tools/detection/train_detector.py
# configs/detectors/mask_rcnn_tiny_shapes.py).
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='DetectionMatchMetric', mask_source='pred'),
]
