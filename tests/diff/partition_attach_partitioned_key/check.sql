SELECT count(*) = 2 FROM m_2026;
