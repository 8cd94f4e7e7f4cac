"""What each endpoint returns. Texts are given as stored (NFC). No response but the person's own
(``PersonAwards``, for clients allowed to see it) carries a full identification number."""

from rest_framework import serializers

from people import cccd


class Ref(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TitleRef(Ref):
    code = serializers.CharField()


class Unit(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    slug = serializers.CharField()
    type = serializers.CharField()
    province = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    successor_id = serializers.IntegerField(allow_null=True, help_text="The unit this one was merged into.")
    active = serializers.BooleanField()


class Cluster(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField(allow_null=True)


class Membership(serializers.Serializer):
    year = serializers.IntegerField()
    cluster = Ref()
    unit = Ref()
    role = serializers.CharField(help_text="member, head or deputy")


class AwardRecord(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = TitleRef()
    unit = Ref()
    person_name = serializers.CharField(help_text="Empty for an award to the unit itself.")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    source = serializers.CharField(help_text="nomination or import")


class IssuedDecision(serializers.Serializer):
    """A recipient of an issued decision (an approved nomination)."""

    nomination_id = serializers.IntegerField(source="pk")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    year = serializers.IntegerField()
    title = TitleRef()
    unit = Ref()
    person_name = serializers.CharField(help_text="Empty for an award to the unit itself.")
    cluster = Ref(allow_null=True, help_text="The cluster that proposed it, if any.")


class Person(serializers.Serializer):
    full_name = serializers.CharField()
    cccd = serializers.SerializerMethodField()

    def get_cccd(self, person) -> str:
        # Full only where the view says so (the person endpoint); masked everywhere else.
        return person.cccd if self.context.get("full_cccd") else cccd.mask(person.cccd)


class RecognisedTitle(serializers.Serializer):
    """A title of the unit's own (Lao động tiên tiến, Chiến sĩ thi đua cơ sở) recognised by its head."""

    year = serializers.IntegerField(source="person_year.year")
    title = TitleRef()
    unit = Ref(source="person_year.unit")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()


class PersonAwards(serializers.Serializer):
    person = Person()
    recognised_titles = RecognisedTitle(many=True)
    award_records = AwardRecord(many=True)
