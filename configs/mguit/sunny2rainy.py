# MGUIT on INIT sunny <-> rainy (paper §4); everything else as sunny2night,
# its test_evaluator (IS, CIS, LPIPS, FID) included.
_base_ = './sunny2night.py'
domains = ('sunny', 'rainy')
paper_results = dict(
    source='MGUIT Tables 1-2, Ours (rainy -> sunny not reported)',
    metrics={
        '_delete_': True,
        'lpips_div/sunny2rainy': 0.316,
        'is/sunny2rainy/CIS': 1.092,
        'is/sunny2rainy/IS': 1.213,
    })
