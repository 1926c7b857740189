from . import opinions, register, surveys

__all__ = ["opinions", "register", "surveys"]
