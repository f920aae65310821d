from django.contrib import admin

from qashyq.questions.models import Category, ImportBatch, Question, QuestionFile, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "course", "parent", "position")
    list_select_related = ("course", "parent")
    raw_id_fields = ("course", "parent")
    search_fields = ("name", "course__code")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "course")
    raw_id_fields = ("course",)
    search_fields = ("name",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("pk", "name", "qtype", "course", "category", "points", "version", "is_archived")
    list_filter = ("qtype", "is_archived")
    list_select_related = ("course", "category")
    raw_id_fields = ("course", "category", "created_by", "updated_by")
    filter_horizontal = ("tags",)
    search_fields = ("name", "text", "course__code")


@admin.register(QuestionFile)
class QuestionFileAdmin(admin.ModelAdmin[QuestionFile]):
    list_display = ("pk", "name", "course", "mime_type", "size", "created_at")
    raw_id_fields = ("course", "created_by")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin[ImportBatch]):
    list_display = ("pk", "filename", "fmt", "course", "status", "created_at")
    list_filter = ("status", "fmt")
    raw_id_fields = ("course", "category", "created_by")
