"""``nn`` is built on stepgrad's ``autograd``; HIPS autograd shares the name (see autograd/clash.py).

Imported first by ``nn/__init__.py``: when the ``autograd`` Python finds is not stepgrad's, the
error says which file was imported and what to do, instead of "cannot import name 'Value'".
"""

import autograd

if not getattr(autograd, "__stepgrad__", False):
    raise ImportError(
        f"the 'autograd' package imported from {getattr(autograd, '__file__', '?')} is not stepgrad's "
        f"(HIPS autograd has the same name, and stepgrad's nn needs its own): pip uninstall autograd, "
        f"or keep stepgrad and HIPS autograd in separate virtual environments"
    )
