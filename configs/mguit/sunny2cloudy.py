# MGUIT on INIT sunny <-> cloudy (paper §4); everything else as
# sunny2night, its test_evaluator (IS, CIS, LPIPS, FID) included.
_base_ = './sunny2night.py'
domains = ('sunny', 'cloudy')
paper_results = dict(
    source='MGUIT Tables 1-2, Ours',
    metrics={
        '_delete_': True,
        'lpips_div/sunny2cloudy': 0.251,
        'is/sunny2cloudy/CIS': 1.052,
        'is/sunny2cloudy/IS': 1.218,
        'is/cloudy2sunny/CIS': 1.136,
        'is/cloudy2sunny/IS': 1.489,
    })
