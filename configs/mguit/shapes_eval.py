# The toy run through the toy evaluation with 4 random value sets per test
# image (the paper's Fig. 6 multimodal outputs): background preservation
# and LPIPS diversity. LPIPS with a random AlexNet backbone (no weights can
# be downloaded here): the numbers compare runs of this toolbox, not
# papers. The memory's own read (deterministic) is tested by shapes.py.
_base_ = './shapes.py'
model = dict(test_num_styles=4)
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='LPIPSDiversityMetric', pretrained=False),
]
