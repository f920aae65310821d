from ninja import Router

router = Router(tags=["courses"])

# Readiness (LMS-2, ONL-5, ONL-6): its endpoints live in their own module.
from qashyq.courses.api_readiness import router as readiness_router  # noqa: E402

router.add_router("", readiness_router)
