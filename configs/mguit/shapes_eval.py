# The toy run through the toy evaluation: background preservation (the
# memory read, test_num_styles 1) and, with --cfg-options
# model.test_num_styles=4, the LPIPS diversity of random values. LPIPS
# with a random AlexNet backbone (no weights can be downloaded here): the
# numbers compare runs of this toolbox, not papers.
_base_ = './shapes.py'
test_evaluator = [
    dict(type='PreservationMetric'),
    dict(type='LPIPSDiversityMetric', pretrained=False),
]
