"""The public procedure page shows each legal basis from the register, and says when one is out of force."""

from tests.legal import world
from tests.legal.world import D, document, procedure
from tests.pages import check_page


def test_each_legal_basis_is_shown_from_the_register_with_its_standing(legal_app):
    def build():
        document(
            "15/2021/NĐ-CP",
            title="Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
            issued_on=D(2021, 3, 3),
            effective_from=D(2021, 3, 3),
            expires_on=D(2024, 12, 30),
            replaced_by="175/2024/NĐ-CP",
            url="https://vanban.chinhphu.vn/?docid=202832",
        )
        document("175/2024/NĐ-CP", issued_on=D(2024, 12, 30), url="https://vanban.chinhphu.vn/?docid=212345")
        document("50/2014/QH13", kind="luat", title="Luật Xây dựng", issuer="Quốc hội", issued_on=D(2014, 6, 18))
        procedure("1.009994", (D(2024, 1, 1), ["50/2014/QH13", "15/2021/NĐ-CP"], None))

    world.in_db(legal_app, build)
    soup = check_page(legal_app.test_client().get("/thu-tuc/1.009994").get_data(as_text=True))
    items = [li.get_text(" ", strip=True) for li in soup.find(id="legal").find_parent("section").find_all("li")]
    assert items[0] == "50/2014/QH13: Luật Xây dựng ( Quốc hội , ban hành 18/06/2014)"  # no link, in force
    assert "Chính phủ" in items[1] and "03/03/2021" in items[1]
    assert "được thay thế bởi 175/2024/NĐ-CP từ ngày 30/12/2024" in items[1]
    links = [a["href"] for a in soup.find(id="legal").find_parent("section").find_all("a")]
    assert links == ["https://vanban.chinhphu.vn/?docid=202832", "https://vanban.chinhphu.vn/?docid=212345"]
