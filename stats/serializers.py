"""The shape of /api/stats/ for the schema: the figures of stats.selectors.year_figures."""
from rest_framework import serializers


class ChoiceCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TopicFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Topics of the year's plan, whatever their status.")
    adopted = serializers.IntegerField(help_text="Topics adopted by the standing committee.")
    by_status = ChoiceCountSerializer(many=True)
    by_source = ChoiceCountSerializer(many=True, help_text="Adopted topics by source.")
    by_domain = ChoiceCountSerializer(many=True, help_text="Adopted topics by domain.")
    by_track = ChoiceCountSerializer(many=True, help_text="Adopted topics by track.")


class ResearchFiguresSerializer(serializers.Serializer):
    groups = serializers.IntegerField()
    activities = serializers.IntegerField()
    activities_by_kind = ChoiceCountSerializer(many=True)
    external_visits = serializers.IntegerField()


class SuggestionFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Suggestions of the year's outcomes sent out.")
    adopted = serializers.IntegerField(help_text="Adopted or partially adopted (纳入决策程序).")
    adopted_share = serializers.FloatField(allow_null=True, help_text="Per cent; null without suggestions.")


class TimelinessSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Lead assignments, not counting those returned as wrongly sent.")
    replied = serializers.IntegerField(help_text="With an approved reply.")
    on_time = serializers.IntegerField(help_text="A reply approved on or before the due date.")
    late = serializers.IntegerField(help_text="Replied, but approved after the due date.")
    overdue = serializers.IntegerField(help_text="Unreplied and past due today.")
    very_overdue = serializers.IntegerField(help_text="Past due by more than the kind's threshold today.")
    overdue_unreplied = serializers.IntegerField()
    open = serializers.IntegerField(help_text="Not yet replied.")
    assessed = serializers.IntegerField(help_text="Replied, or overdue without a reply: the rate's denominator.")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="on_time / assessed in per cent.")


class AssignmentFiguresSerializer(TimelinessSerializer):
    co_handling = serializers.IntegerField(help_text="Co-handling assignments, counted apart.")


class SatisfactionFiguresSerializer(serializers.Serializer):
    evaluated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    basically_satisfied = serializers.IntegerField()
    unsatisfied = serializers.IntegerField()
    by_evaluation = ChoiceCountSerializer(many=True)
    satisfied_share = serializers.FloatField(allow_null=True, help_text="Satisfied or basically satisfied, per cent.")


class ImplementationFiguresSerializer(serializers.Serializer):
    suggestions = serializers.IntegerField()
    average_progress = serializers.FloatField(allow_null=True)
    completed = serializers.IntegerField(help_text="Suggestions at 100 %.")
    completed_share = serializers.FloatField(allow_null=True)


class SupervisionFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    closed = serializers.IntegerField()


class DepartmentRowSerializer(TimelinessSerializer):
    rank = serializers.IntegerField()
    department_id = serializers.IntegerField()
    department = serializers.CharField()
    evaluated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    basically_satisfied = serializers.IntegerField()
    unsatisfied = serializers.IntegerField()


class YearRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    topics_adopted = serializers.IntegerField()
    external_visits = serializers.IntegerField()
    suggestions = serializers.IntegerField()


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    department = DepartmentRefSerializer(allow_null=True)
    today = serializers.DateField(help_text="The day overdue figures are derived from.")
    topics = TopicFiguresSerializer()
    research = ResearchFiguresSerializer()
    outcomes = serializers.IntegerField(help_text="Outcome documents sent out.")
    suggestions = SuggestionFiguresSerializer()
    assignments = AssignmentFiguresSerializer()
    satisfaction = SatisfactionFiguresSerializer()
    implementation = ImplementationFiguresSerializer()
    supervision = SupervisionFiguresSerializer()
    ranking = DepartmentRowSerializer(many=True, help_text="Departments by on-time reply rate, best first.")
    by_year = YearRowSerializer(many=True)
